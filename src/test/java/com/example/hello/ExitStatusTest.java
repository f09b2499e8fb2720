package com.example.hello;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** A stop asked for by a signal reports success; any other exit keeps its status (a failure is never a success). */
class ExitStatusTest {
    @Test
    void sigtermIsAStopBySignal() {
        assertThat(after("Runtime.exit() called with status: 143").stoppedBySignal(), is(true));
    }

    @Test
    void ctrlCIsAStopBySignal() {
        assertThat(after("Runtime.exit() called with status: 130").stoppedBySignal(), is(true));
    }

    @Test
    void anExitWithAFailureStatusIsNotAStopBySignal() {
        assertThat(after("Runtime.exit() called with status: 3").stoppedBySignal(), is(false));
    }

    @Test
    void noExitSeenIsNotAStopBySignal() {
        assertThat(ExitStatus.unattached().stoppedBySignal(), is(false));
    }

    @Test
    void theJdkReportsAnExitWhereTheWatcherListens() {
        ExitStatus watcher = ExitStatus.watch();
        // What the JDK logs from Runtime.exit, through the same System.Logger, before the shutdown hooks run
        System.getLogger("java.lang.Runtime").log(System.Logger.Level.DEBUG, "Runtime.exit() called with status: 143");
        assertThat(watcher.stoppedBySignal(), is(true));
    }

    private static ExitStatus after(String record) {
        ExitStatus status = ExitStatus.unattached();
        status.recorded(record);
        return status;
    }
}
