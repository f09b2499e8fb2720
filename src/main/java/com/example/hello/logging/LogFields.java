package com.example.hello.logging;

import java.util.Map;

/**
 * A log message that also has named fields: a {@link java.util.logging.LogRecord}'s only parameter, written as its
 * {@link #toString()} in text lines and as separate members of the JSON object in JSON lines.
 */
public interface LogFields {
    /** @return the fields, in order; values are strings or numbers */
    Map<String, Object> fields();
}
