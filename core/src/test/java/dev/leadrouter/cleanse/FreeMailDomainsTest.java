package dev.leadrouter.cleanse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FreeMailDomainsTest {

    @ParameterizedTest
    @ValueSource(strings = {"gmail.com", "GMail.com", "googlemail.com", "outlook.com", "outlook.de", "hotmail.com",
            "hotmail.co.uk", "hotmail.fr", "live.com", "msn.com", "yahoo.com", "yahoo.co.jp", "yahoo.com.br",
            "ymail.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "gmx.de",
            "gmx.net", "gmx.com", "web.de", "mail.ru", "yandex.ru", "yandex.com", "qq.com", "163.com", "126.com",
            "zoho.com", "fastmail.com", "hey.com", " t-online.de "})
    void recognisesFreeMailProviders(String domain) {
        assertTrue(FreeMailDomains.contains(domain), domain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme.com", "acme.de", "google.com", "microsoft.com", "yahoo-inc.com",
            "mail.acme.com", "outlook.acme.com", "notgmail.com", "gmail.com.evil.io", ""})
    void leavesCompanyDomainsAlone(String domain) {
        assertFalse(FreeMailDomains.contains(domain), domain);
    }

    @Test
    void nullIsNotFreeMail() {
        assertFalse(FreeMailDomains.contains(null));
    }
}
