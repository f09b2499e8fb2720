package bare;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The one resource of the bare application: the API's public message, as JSON through Jackson. */
@ApplicationScoped
@Path("/api/messages/public")
public class PublicMessage {
    /** The body, a JSON object with one field like the API's Message. */
    public record Message(String text) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Message get() {
        return new Message("The API doesn't require an access token to share this message.");
    }
}
