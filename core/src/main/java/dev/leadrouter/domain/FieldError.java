package dev.leadrouter.domain;

/** One field-level problem, as the HTTP API reports it: {"field": "...", "message": "..."}. */
public record FieldError(String field, String message) {
}
