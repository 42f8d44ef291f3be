package dev.leadrouter.domain;

/** An ops-edited account: leads from this email domain go to its owner first. */
public record Account(String domain, String accountName, String ownerRepId) {
}
