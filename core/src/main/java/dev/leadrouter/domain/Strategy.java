package dev.leadrouter.domain;

/** How a rep is picked among a team's eligible reps; ACCOUNT_OWNER is set by account matching only. */
public enum Strategy {
    ROUND_ROBIN, WEIGHTED, LEAST_LOADED, ACCOUNT_OWNER
}
