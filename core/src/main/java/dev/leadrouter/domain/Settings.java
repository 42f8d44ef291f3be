package dev.leadrouter.domain;

/** The rule item "settings" (stage SETTINGS), with the defaults of CONTRACT.md, "Settings". */
public record Settings(int hotScore, int warmScore, String fallbackTeam, int slaSeconds, int parkRetrySeconds) {
    public static final Settings DEFAULTS = new Settings(60, 30, null, 900, 60);

    public Grade grade(int score) {
        if (score >= hotScore) {
            return Grade.HOT;
        }
        return score >= warmScore ? Grade.WARM : Grade.COLD;
    }
}
