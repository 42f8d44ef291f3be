package dev.leadrouter.cleanse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CountriesTest {

    @Test
    void holdsEveryIso3166Country() {
        assertEquals(249, Countries.alpha2Codes().size());
        assertEquals(Set.of(Locale.getISOCountries()), Countries.alpha2Codes());
    }

    @Test
    void mapsEveryAlpha2AndAlpha3Code() {
        for (String code : Locale.getISOCountries()) {
            String alpha3 = Locale.of("", code).getISO3Country();
            assertEquals(Optional.of(code), Countries.toAlpha2(code.toLowerCase(Locale.ROOT)), code);
            assertEquals(Optional.of(code), Countries.toAlpha2(alpha3), alpha3);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "DE;DE", " de ;DE", "deu;DE", "DEU;DE", "Germany;DE", "GERMANY;DE", "germany;DE",
            "United States;US", "USA;US", "usa;US", "United States of America;US", "U.S.A.;US", "America;US",
            "UK;GB", "uk;GB", "U.K.;GB", "U.S.;US", "Great Britain;GB", "United Kingdom;GB", "GBR;GB",
            "Deutschland;DE", "Czech Republic;CZ", "Czechia;CZ", "South Korea;KR", "Korea, Republic of;KR",
            "North Korea;KP", "Russia;RU", "Russian Federation;RU", "Vietnam;VN", "Viet Nam;VN",
            "Ivory Coast;CI", "Côte d'Ivoire;CI", "Cote d’Ivoire;CI", "cote divoire;CI",
            "The Netherlands;NL", "Netherlands;NL", "Holland;NL", "the gambia;GM",
            "St. Lucia;LC", "Saint Lucia;LC", "St Kitts & Nevis;KN", "Trinidad & Tobago;TT",
            "Bosnia and Herzegovina;BA", "Åland Islands;AX", "Aland Islands;AX", "Réunion;RE", "Curacao;CW",
            "Türkiye;TR", "Turkey;TR", "Myanmar (Burma);MM", "Burma;MM", "Hong Kong SAR China;HK",
            "Congo - Kinshasa;CD", "Democratic Republic of the Congo;CD", "Congo;CG", "Guinea-Bissau;GW",
            "Timor-Leste;TL", "East Timor;TL", "Eswatini;SZ", "Swaziland;SZ", "Macedonia;MK", "UAE;AE",
            "Vatican City;VA", "Holy See;VA", "U.S. Virgin Islands;VI", "British Virgin Islands;VG"})
    void mapsNamesAndAliases(String input, String expected) {
        assertEquals(Optional.of(expected), Countries.toAlpha2(input));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "XX", "ZZ", "XK", "EU", "ABC", "Atlantis", "Germanyy", "D", "Saint", "United"})
    void rejectsUnknown(String input) {
        assertTrue(Countries.toAlpha2(input).isEmpty(), String.valueOf(input));
    }
}
