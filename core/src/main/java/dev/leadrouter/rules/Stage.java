package dev.leadrouter.rules;

/** Which step of the pipeline a rule item belongs to. */
public enum Stage {
    QUALIFICATION, ROUTING, SETTINGS
}
