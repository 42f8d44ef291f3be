package dev.leadrouter.handoff;

import java.net.http.HttpResponse;

/** How one delivery went: sent, or failed with the other side's answer, for good or worth another try. */
public sealed interface Outcome {
    Outcome SENT = new Sent();

    record Sent() implements Outcome {
    }

    record Failed(String answer, boolean permanent) implements Outcome {
    }

    /** 2xx is sent; 408, 429 and 5xx are worth a retry; any other answer will not change by retrying. */
    static Outcome of(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return SENT;
        }
        String body = response.body() == null ? "" : response.body();
        String answer = "HTTP " + status + (body.isBlank() ? "" : ": " + abbreviate(body.strip(), 1000));
        return new Failed(answer, status != 408 && status != 429 && status < 500);
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
