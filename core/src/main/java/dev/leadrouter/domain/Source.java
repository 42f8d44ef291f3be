package dev.leadrouter.domain;

public enum Source {
    WEB_FORM, CHAT, PHONE, EMAIL, SOCIAL, EVENT, REFERRAL, PARTNER, CRM_IMPORT, OTHER
}
