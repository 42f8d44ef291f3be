package dev.leadrouter.domain;

/**
 * The rule item "settings" (stage SETTINGS), with the defaults of CONTRACT.md, "Settings"; {@code defaultNotify}
 * (its {@code notify}) is where reps are told unless their own item says otherwise (CONTRACT.md, "Hand-off to
 * the rep").
 */
public record Settings(int hotScore, int warmScore, String fallbackTeam, int slaSeconds, int parkRetrySeconds,
                       Notify defaultNotify) {
    public static final Settings DEFAULTS = new Settings(60, 30, null, 900, 60, Notify.NONE);

    public Grade grade(int score) {
        if (score >= hotScore) {
            return Grade.HOT;
        }
        return score >= warmScore ? Grade.WARM : Grade.COLD;
    }
}
