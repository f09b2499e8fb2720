package com.example.hello.config;

/** A required setting is absent; the message names the variable to set. */
public final class MissingConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingConfigurationException(String variable) {
        super("Missing " + variable + " environment variable.");
    }
}
