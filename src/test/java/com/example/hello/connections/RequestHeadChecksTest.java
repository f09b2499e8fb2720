package com.example.hello.connections;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Which body lengths are ambiguous: the shapes of request smuggling (RFC 9112 §6.1, §6.3). */
class RequestHeadChecksTest {
    @Test
    void oneNumericLengthIsClear() {
        assertThat(ambiguity("Content-Length", "40"), is(Optional.empty()));
    }

    @Test
    void noLengthIsClear() {
        assertThat(RequestHeadChecks.ambiguousFraming(WritableHeaders.create()), is(Optional.empty()));
        assertThat(ambiguity("Transfer-Encoding", "chunked"), is(Optional.empty()));
    }

    @Test
    void twoLengthsAreAmbiguousEvenWhenEqual() {
        assertThat(ambiguity("Content-Length", "0", "Content-Length", "40"),
                   is(Optional.of("More than one Content-Length")));
        assertThat(ambiguity("Content-Length", "5, 5"), is(Optional.of("More than one Content-Length")));
    }

    @Test
    void aLengthWithTransferEncodingIsAmbiguous() {
        assertThat(ambiguity("Content-Length", "5", "Transfer-Encoding", "chunked"),
                   is(Optional.of("Content-Length and Transfer-Encoding together")));
    }

    @Test
    void aTransferEncodingOtherThanExactlyChunkedIsRefused() {
        for (String coding : new String[] {"chunked, identity", "gzip, chunked", "chunked, chunked", "Chunked",
                                           "CHUNKED", "identity", "gzip", ""}) {
            assertThat(coding, ambiguity("Transfer-Encoding", coding),
                       is(Optional.of("Transfer-Encoding other than chunked")));
        }
    }

    @Test
    void twoTransferEncodingLinesAreRefusedEvenWhenBothSayChunked() {
        assertThat(ambiguity("Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked"),
                   is(Optional.of("Transfer-Encoding other than chunked")));
        assertThat(ambiguity("Transfer-Encoding", "gzip", "Transfer-Encoding", "chunked"),
                   is(Optional.of("Transfer-Encoding other than chunked")));
    }

    @Test
    void aLengthThatIsNotANumberIsRefused() {
        for (String length : new String[] {"+5", "-1", "0x10", "1e3", ""}) {
            assertThat(length, ambiguity("Content-Length", length),
                       is(Optional.of("Content-Length is not a number")));
        }
    }

    private static Optional<String> ambiguity(String... pairs) {
        WritableHeaders<?> headers = WritableHeaders.create();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(HeaderNames.create(pairs[i]), pairs[i + 1]);
        }
        return RequestHeadChecks.ambiguousFraming(headers);
    }

    @Test
    void lengthsOfZeroAndNineAreNumbers() {
        for (String length : new String[] {"0", "9", "1090"}) {
            assertThat(length, RequestHeadChecks.ambiguousFraming(
                    WritableHeaders.create().add(HeaderNames.CONTENT_LENGTH, length)), is(Optional.empty()));
        }
    }
}
