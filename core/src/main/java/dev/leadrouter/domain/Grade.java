package dev.leadrouter.domain;

public enum Grade {
    HOT, WARM, COLD
}
