package com.example.hello.connections;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.hello.support.LogCapture;

import org.junit.jupiter.api.Test;

import static com.example.hello.connections.ConnectionMetrics.Reason.EVICTED;
import static com.example.hello.connections.ConnectionMetrics.Reason.OVER_LIMIT;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * The log's summary of closed connections: one WARNING line with the count by reason, at most once per report period
 * (10 s) whatever the rate of closings, so an attack cannot flood the log. Waits for the period, up to a guard.
 */
class ClosingsSummaryTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "WARNING com\\.example\\.hello\\.connections\\.ConnectionMetrics: Closed (\\d+) connections in the last 10 s"
                    + " to protect the server \\(over_limit=(\\d+), evicted=(\\d+), evicted_idle=(\\d+), "
                    + "evicted_body=(\\d+), head_timeout=(\\d+), body_timeout=(\\d+), write_timeout=(\\d+), "
                    + "malformed=(\\d+)\\); -?\\d+ open");
    private static final long GUARD_NANOS = 30_000_000_000L;

    @Test
    void closingsAreSummedUpByReasonOncePerPeriod() throws InterruptedException {
        try (LogCapture log = LogCapture.start()) {
            ConnectionMetrics.closed(OVER_LIMIT);
            ConnectionMetrics.closed(OVER_LIMIT);
            ConnectionMetrics.closed(EVICTED);

            List<String> first = awaitSummaryWithOurs(log);
            Matcher summary = SUMMARY.matcher(first.getLast());
            assertThat(first.getLast(), summary.find(), is(true));
            long sum = 0;
            for (int group = 2; group <= 9; group++) {
                sum += Long.parseLong(summary.group(group));
            }
            assertThat("the total is the sum of the reasons", Long.parseLong(summary.group(1)), is(sum));
            assertThat(Long.parseLong(summary.group(2)), greaterThanOrEqualTo(2L));
            assertThat(Long.parseLong(summary.group(3)), greaterThanOrEqualTo(1L));

            ConnectionMetrics.closed(OVER_LIMIT);
            ConnectionMetrics.reportIfDue();
            assertThat("no further line within the period", summaries(log).size(), is(first.size()));
        }
    }

    /**
     * Asks for the report until one holds this test's closings (once the period since the last one has passed; the
     * deadline checker may report another test's just before them), and returns the summaries up to it.
     */
    private static List<String> awaitSummaryWithOurs(LogCapture log) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD_NANOS;
        while (System.nanoTime() < deadline) {
            List<String> summaries = summaries(log);
            for (int i = 0; i < summaries.size(); i++) {
                Matcher summary = SUMMARY.matcher(summaries.get(i));
                if (summary.find() && Long.parseLong(summary.group(2)) >= 2 && Long.parseLong(summary.group(3)) >= 1) {
                    return summaries.subList(0, i + 1);
                }
            }
            ConnectionMetrics.reportIfDue();
            Thread.sleep(50);
        }
        throw new AssertionError("no summary of this test's closings in " + summaries(log));
    }

    private static List<String> summaries(LogCapture log) {
        return log.lines().stream().filter(line -> line.contains("ConnectionMetrics: Closed ")).toList();
    }
}
