package com.example.hello.messages;

import com.example.hello.api.MessagesApi;
import com.example.hello.api.model.Message;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The three messages of the Hello World API.
 * <p>
 * Paths and who may call them come from {@code openapi.yaml} through the generated {@link MessagesApi}: the admin
 * policy is the {@code x-required-permissions} of {@code getAdminMessage} there. Put no JAX-RS or security
 * annotations here: Helidon reads them from the interface.
 */
@ApplicationScoped
public class MessagesResource implements MessagesApi {
    static final String PUBLIC = "The API doesn't require an access token to share this message.";
    static final String PROTECTED = "The API successfully validated your access token.";
    static final String ADMIN = "The API successfully recognized you as an admin.";

    @Override
    public Message getPublicMessage() {
        return new Message().text(PUBLIC);
    }

    @Override
    public Message getProtectedMessage() {
        return new Message().text(PROTECTED);
    }

    @Override
    public Message getAdminMessage() {
        return new Message().text(ADMIN);
    }
}
