package com.example.hello.security;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Waits for a new key source's first fetch. A request waits for it at most a second, which the first fetch of a new
 * HttpClient on a loaded machine can exceed; and with a fixed clock no second fetch would follow.
 */
final class KeysLoaded {
    private KeysLoaded() {
    }

    static void await(JwksKeySource keys) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!keys.holdsKeys()) {
            assertThat("keys loaded within 10 s", System.nanoTime() < deadline, is(true));
            LockSupport.parkNanos(5_000_000);
        }
    }
}
