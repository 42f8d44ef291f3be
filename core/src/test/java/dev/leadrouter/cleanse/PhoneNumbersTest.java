package dev.leadrouter.cleanse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "-", value = {
            "+49 30 1234567;-;+49301234567",
            "+49 (0)30 1234567;-;+49301234567",
            "+1 (555) 010-0199;-;+15550100199",
            "+44 20 7946 0958;DE;+442079460958",
            "030 1234567;DE;+49301234567",
            "(555) 010-0199;US;+15550100199",
            "020 7946 0958;GB;+442079460958",
            "0049 30 1234567;DE;+49301234567",
            "+49 30 1234567 ext. 12;-;+49301234567"})
    void formatsAsE164(String input, String region, String expected) {
        assertEquals(Optional.of(expected), PhoneNumbers.toE164(input, region));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "-", value = {
            "030 1234567;-",
            "hello;-",
            "+49;-",
            "+1 23;US",
            "1234;DE",
            "+999 123456789;-",
            "+1 555 010 0199 0000 1111;-",
            "-;DE"})
    void rejectsWhatIsNotAPossibleNumber(String input, String region) {
        assertTrue(PhoneNumbers.toE164(input, region).isEmpty(), input + " / " + region);
    }
}
