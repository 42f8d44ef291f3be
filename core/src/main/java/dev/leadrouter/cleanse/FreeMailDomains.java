package dev.leadrouter.cleanse;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Mail providers anyone can sign up with: an address there says nothing about the lead's company. */
public final class FreeMailDomains {
    private static final Set<String> DOMAINS = Set.of(
            "gmail.com", "googlemail.com",
            "live.com", "live.co.uk", "live.de", "live.fr", "live.nl", "live.it", "live.ca", "live.com.au",
            "msn.com", "windowslive.com", "passport.com",
            "ymail.com", "rocketmail.com",
            "aol.com", "aim.com",
            "icloud.com", "me.com", "mac.com",
            "proton.me", "protonmail.com", "protonmail.ch", "pm.me",
            "tutanota.com", "tutanota.de", "tuta.io", "tuta.com",
            "web.de", "t-online.de", "freenet.de", "posteo.de", "posteo.net", "mailbox.org",
            "mail.ru", "bk.ru", "inbox.ru", "list.ru", "rambler.ru",
            "yandex.ru", "yandex.com", "ya.ru",
            "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sohu.com",
            "naver.com", "daum.net", "hanmail.net",
            "zoho.com", "zohomail.com",
            "fastmail.com", "fastmail.fm", "hey.com", "hushmail.com",
            "mail.com", "email.com", "usa.com", "inbox.com", "rediffmail.com",
            "libero.it", "virgilio.it", "tiscali.it",
            "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr",
            "btinternet.com", "sky.com", "virginmedia.com",
            "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net", "cox.net",
            "shaw.ca", "rogers.com",
            "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "onet.pl",
            "bluewin.ch");

    /**
     * Providers that run the same free service under many country domains (hotmail.co.uk, yahoo.com.br, gmx.at):
     * the brand followed by a top-level domain, optionally behind a short second level such as "co" or "com".
     */
    private static final Pattern COUNTRY_VARIANTS =
            Pattern.compile("(hotmail|outlook|yahoo|gmx)(\\.[a-z]{2,3})?\\.[a-z]{2,3}");

    private FreeMailDomains() {
    }

    /** Whether the domain (the part of an email address after the @) belongs to a free mail provider. */
    public static boolean contains(String domain) {
        if (domain == null) {
            return false;
        }
        String normalized = domain.strip().toLowerCase(Locale.ROOT);
        return DOMAINS.contains(normalized) || COUNTRY_VARIANTS.matcher(normalized).matches();
    }
}
