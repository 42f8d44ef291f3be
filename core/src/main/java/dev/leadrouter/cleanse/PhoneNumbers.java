package dev.leadrouter.cleanse;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/** Phone numbers as people type them, to E.164. */
public final class PhoneNumbers {
    /** Fewer digits than this is a typo or a placeholder, whatever a parser makes of it. */
    public static final int MIN_DIGITS = 5;

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String UNKNOWN_REGION = "ZZ";

    private PhoneNumbers() {
    }

    /**
     * The E.164 form of {@code text}, or empty when it is not a possible phone number.
     * {@code region} (alpha-2, may be null) is where a number without a leading + is dialled from;
     * without it only international numbers parse. Possible, not valid: a number of a plausible length is
     * kept even where the library's numbering plans are stricter or out of date.
     */
    public static Optional<String> toE164(String text, String region) {
        if (text == null || digitCount(text) < MIN_DIGITS) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = UTIL.parse(text, region == null ? UNKNOWN_REGION : region);
            return UTIL.isPossibleNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    public static int digitCount(String text) {
        return (int) text.chars().filter(Character::isDigit).count();
    }
}
