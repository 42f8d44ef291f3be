package dev.leadrouter.cleanse;

import java.text.Normalizer;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * All 249 ISO 3166-1 countries: maps an alpha-2 or alpha-3 code, an English name or a common alias
 * (case, accents and punctuation ignored) to the alpha-2 code the lead stores.
 * The table is fixed here rather than read from the JDK's locale data, whose names change between releases.
 */
public final class Countries {
    /** alpha-2|alpha-3|English short name. */
    private static final String TABLE = """
            AD|AND|Andorra
            AE|ARE|United Arab Emirates
            AF|AFG|Afghanistan
            AG|ATG|Antigua and Barbuda
            AI|AIA|Anguilla
            AL|ALB|Albania
            AM|ARM|Armenia
            AO|AGO|Angola
            AQ|ATA|Antarctica
            AR|ARG|Argentina
            AS|ASM|American Samoa
            AT|AUT|Austria
            AU|AUS|Australia
            AW|ABW|Aruba
            AX|ALA|Åland Islands
            AZ|AZE|Azerbaijan
            BA|BIH|Bosnia and Herzegovina
            BB|BRB|Barbados
            BD|BGD|Bangladesh
            BE|BEL|Belgium
            BF|BFA|Burkina Faso
            BG|BGR|Bulgaria
            BH|BHR|Bahrain
            BI|BDI|Burundi
            BJ|BEN|Benin
            BL|BLM|Saint Barthélemy
            BM|BMU|Bermuda
            BN|BRN|Brunei
            BO|BOL|Bolivia
            BQ|BES|Bonaire, Sint Eustatius and Saba
            BR|BRA|Brazil
            BS|BHS|Bahamas
            BT|BTN|Bhutan
            BV|BVT|Bouvet Island
            BW|BWA|Botswana
            BY|BLR|Belarus
            BZ|BLZ|Belize
            CA|CAN|Canada
            CC|CCK|Cocos (Keeling) Islands
            CD|COD|Democratic Republic of the Congo
            CF|CAF|Central African Republic
            CG|COG|Republic of the Congo
            CH|CHE|Switzerland
            CI|CIV|Côte d'Ivoire
            CK|COK|Cook Islands
            CL|CHL|Chile
            CM|CMR|Cameroon
            CN|CHN|China
            CO|COL|Colombia
            CR|CRI|Costa Rica
            CU|CUB|Cuba
            CV|CPV|Cape Verde
            CW|CUW|Curaçao
            CX|CXR|Christmas Island
            CY|CYP|Cyprus
            CZ|CZE|Czechia
            DE|DEU|Germany
            DJ|DJI|Djibouti
            DK|DNK|Denmark
            DM|DMA|Dominica
            DO|DOM|Dominican Republic
            DZ|DZA|Algeria
            EC|ECU|Ecuador
            EE|EST|Estonia
            EG|EGY|Egypt
            EH|ESH|Western Sahara
            ER|ERI|Eritrea
            ES|ESP|Spain
            ET|ETH|Ethiopia
            FI|FIN|Finland
            FJ|FJI|Fiji
            FK|FLK|Falkland Islands
            FM|FSM|Micronesia
            FO|FRO|Faroe Islands
            FR|FRA|France
            GA|GAB|Gabon
            GB|GBR|United Kingdom
            GD|GRD|Grenada
            GE|GEO|Georgia
            GF|GUF|French Guiana
            GG|GGY|Guernsey
            GH|GHA|Ghana
            GI|GIB|Gibraltar
            GL|GRL|Greenland
            GM|GMB|Gambia
            GN|GIN|Guinea
            GP|GLP|Guadeloupe
            GQ|GNQ|Equatorial Guinea
            GR|GRC|Greece
            GS|SGS|South Georgia and the South Sandwich Islands
            GT|GTM|Guatemala
            GU|GUM|Guam
            GW|GNB|Guinea-Bissau
            GY|GUY|Guyana
            HK|HKG|Hong Kong
            HM|HMD|Heard Island and McDonald Islands
            HN|HND|Honduras
            HR|HRV|Croatia
            HT|HTI|Haiti
            HU|HUN|Hungary
            ID|IDN|Indonesia
            IE|IRL|Ireland
            IL|ISR|Israel
            IM|IMN|Isle of Man
            IN|IND|India
            IO|IOT|British Indian Ocean Territory
            IQ|IRQ|Iraq
            IR|IRN|Iran
            IS|ISL|Iceland
            IT|ITA|Italy
            JE|JEY|Jersey
            JM|JAM|Jamaica
            JO|JOR|Jordan
            JP|JPN|Japan
            KE|KEN|Kenya
            KG|KGZ|Kyrgyzstan
            KH|KHM|Cambodia
            KI|KIR|Kiribati
            KM|COM|Comoros
            KN|KNA|Saint Kitts and Nevis
            KP|PRK|North Korea
            KR|KOR|South Korea
            KW|KWT|Kuwait
            KY|CYM|Cayman Islands
            KZ|KAZ|Kazakhstan
            LA|LAO|Laos
            LB|LBN|Lebanon
            LC|LCA|Saint Lucia
            LI|LIE|Liechtenstein
            LK|LKA|Sri Lanka
            LR|LBR|Liberia
            LS|LSO|Lesotho
            LT|LTU|Lithuania
            LU|LUX|Luxembourg
            LV|LVA|Latvia
            LY|LBY|Libya
            MA|MAR|Morocco
            MC|MCO|Monaco
            MD|MDA|Moldova
            ME|MNE|Montenegro
            MF|MAF|Saint Martin
            MG|MDG|Madagascar
            MH|MHL|Marshall Islands
            MK|MKD|North Macedonia
            ML|MLI|Mali
            MM|MMR|Myanmar
            MN|MNG|Mongolia
            MO|MAC|Macao
            MP|MNP|Northern Mariana Islands
            MQ|MTQ|Martinique
            MR|MRT|Mauritania
            MS|MSR|Montserrat
            MT|MLT|Malta
            MU|MUS|Mauritius
            MV|MDV|Maldives
            MW|MWI|Malawi
            MX|MEX|Mexico
            MY|MYS|Malaysia
            MZ|MOZ|Mozambique
            NA|NAM|Namibia
            NC|NCL|New Caledonia
            NE|NER|Niger
            NF|NFK|Norfolk Island
            NG|NGA|Nigeria
            NI|NIC|Nicaragua
            NL|NLD|Netherlands
            NO|NOR|Norway
            NP|NPL|Nepal
            NR|NRU|Nauru
            NU|NIU|Niue
            NZ|NZL|New Zealand
            OM|OMN|Oman
            PA|PAN|Panama
            PE|PER|Peru
            PF|PYF|French Polynesia
            PG|PNG|Papua New Guinea
            PH|PHL|Philippines
            PK|PAK|Pakistan
            PL|POL|Poland
            PM|SPM|Saint Pierre and Miquelon
            PN|PCN|Pitcairn
            PR|PRI|Puerto Rico
            PS|PSE|Palestine
            PT|PRT|Portugal
            PW|PLW|Palau
            PY|PRY|Paraguay
            QA|QAT|Qatar
            RE|REU|Réunion
            RO|ROU|Romania
            RS|SRB|Serbia
            RU|RUS|Russia
            RW|RWA|Rwanda
            SA|SAU|Saudi Arabia
            SB|SLB|Solomon Islands
            SC|SYC|Seychelles
            SD|SDN|Sudan
            SE|SWE|Sweden
            SG|SGP|Singapore
            SH|SHN|Saint Helena, Ascension and Tristan da Cunha
            SI|SVN|Slovenia
            SJ|SJM|Svalbard and Jan Mayen
            SK|SVK|Slovakia
            SL|SLE|Sierra Leone
            SM|SMR|San Marino
            SN|SEN|Senegal
            SO|SOM|Somalia
            SR|SUR|Suriname
            SS|SSD|South Sudan
            ST|STP|São Tomé and Príncipe
            SV|SLV|El Salvador
            SX|SXM|Sint Maarten
            SY|SYR|Syria
            SZ|SWZ|Eswatini
            TC|TCA|Turks and Caicos Islands
            TD|TCD|Chad
            TF|ATF|French Southern Territories
            TG|TGO|Togo
            TH|THA|Thailand
            TJ|TJK|Tajikistan
            TK|TKL|Tokelau
            TL|TLS|Timor-Leste
            TM|TKM|Turkmenistan
            TN|TUN|Tunisia
            TO|TON|Tonga
            TR|TUR|Türkiye
            TT|TTO|Trinidad and Tobago
            TV|TUV|Tuvalu
            TW|TWN|Taiwan
            TZ|TZA|Tanzania
            UA|UKR|Ukraine
            UG|UGA|Uganda
            UM|UMI|United States Minor Outlying Islands
            US|USA|United States
            UY|URY|Uruguay
            UZ|UZB|Uzbekistan
            VA|VAT|Vatican City
            VC|VCT|Saint Vincent and the Grenadines
            VE|VEN|Venezuela
            VG|VGB|British Virgin Islands
            VI|VIR|United States Virgin Islands
            VN|VNM|Vietnam
            VU|VUT|Vanuatu
            WF|WLF|Wallis and Futuna
            WS|WSM|Samoa
            YE|YEM|Yemen
            YT|MYT|Mayotte
            ZA|ZAF|South Africa
            ZM|ZMB|Zambia
            ZW|ZWE|Zimbabwe
            """;

    /** Other names people type, each mapped to its alpha-2 code. */
    private static final String ALIASES = """
            America|US
            U.S.|US
            U.S.A.|US
            United States of America|US
            UK|GB
            U.K.|GB
            Great Britain|GB
            Britain|GB
            England|GB
            Scotland|GB
            Wales|GB
            Northern Ireland|GB
            United Kingdom of Great Britain and Northern Ireland|GB
            Deutschland|DE
            Federal Republic of Germany|DE
            Österreich|AT
            Schweiz|CH
            Suisse|CH
            España|ES
            Italia|IT
            Nederland|NL
            Holland|NL
            Polska|PL
            Sverige|SE
            Norge|NO
            Danmark|DK
            Suomi|FI
            Brasil|BR
            Éire|IE
            Republic of Ireland|IE
            Czech Republic|CZ
            Česko|CZ
            Korea|KR
            Republic of Korea|KR
            Korea, Republic of|KR
            Democratic People's Republic of Korea|KP
            Korea, Democratic People's Republic of|KP
            DPRK|KP
            Russian Federation|RU
            Viet Nam|VN
            Ivory Coast|CI
            Turkey|TR
            UAE|AE
            People's Republic of China|CN
            PRC|CN
            Mainland China|CN
            Hong Kong SAR China|HK
            Hong Kong SAR|HK
            Macau|MO
            Macao SAR China|MO
            Taiwan, Province of China|TW
            Republic of China|TW
            Burma|MM
            Myanmar (Burma)|MM
            Laos|LA
            Lao People's Democratic Republic|LA
            Syrian Arab Republic|SY
            Iran, Islamic Republic of|IR
            Islamic Republic of Iran|IR
            Bolivia, Plurinational State of|BO
            Venezuela, Bolivarian Republic of|VE
            Tanzania, United Republic of|TZ
            United Republic of Tanzania|TZ
            Moldova, Republic of|MD
            Republic of Moldova|MD
            Brunei Darussalam|BN
            Macedonia|MK
            Republic of North Macedonia|MK
            Swaziland|SZ
            Cabo Verde|CV
            East Timor|TL
            Congo|CG
            Congo - Brazzaville|CG
            Congo-Brazzaville|CG
            Congo, Republic of the|CG
            Congo - Kinshasa|CD
            Congo-Kinshasa|CD
            DR Congo|CD
            DRC|CD
            Congo, Democratic Republic of the|CD
            Palestinian Territories|PS
            State of Palestine|PS
            Palestine, State of|PS
            Vatican|VA
            Holy See|VA
            Vatican City State|VA
            Micronesia, Federated States of|FM
            Federated States of Micronesia|FM
            Falkland Islands (Malvinas)|FK
            Cocos Islands|CC
            Keeling Islands|CC
            Pitcairn Islands|PN
            Saint Helena|SH
            Saint Martin (French part)|MF
            Sint Maarten (Dutch part)|SX
            Caribbean Netherlands|BQ
            Virgin Islands, British|VG
            Virgin Islands (British)|VG
            US Virgin Islands|VI
            Virgin Islands, U.S.|VI
            Virgin Islands (U.S.)|VI
            US Outlying Islands|UM
            Saint Vincent and Grenadines|VC
            South Georgia and South Sandwich Islands|GS
            Heard and McDonald Islands|HM
            """;

    private static final Pattern ALPHA_2 = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern ALPHA_3 = Pattern.compile("[A-Za-z]{3}");
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern DROPPED = Pattern.compile("[.'’`]");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private static final Set<String> ALPHA_2_CODES;
    private static final Map<String, String> ALPHA_2_BY_ALPHA_3 = new HashMap<>();
    private static final Map<String, String> ALPHA_2_BY_NAME = new HashMap<>();

    static {
        Set<String> codes = new TreeSet<>();
        TABLE.lines().forEach(line -> {
            String[] parts = line.split("\\|");
            codes.add(parts[0]);
            ALPHA_2_BY_ALPHA_3.put(parts[1], parts[0]);
            ALPHA_2_BY_NAME.put(nameKey(parts[2]), parts[0]);
        });
        ALPHA_2_CODES = Collections.unmodifiableSet(codes);
        ALIASES.lines().forEach(line -> {
            String[] parts = line.split("\\|");
            ALPHA_2_BY_NAME.put(nameKey(parts[0]), parts[1]);
        });
    }

    private Countries() {
    }

    /** The alpha-2 code for a code, name or alias; empty for anything else (including null). */
    public static Optional<String> toAlpha2(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        String upper = trimmed.toUpperCase(Locale.ROOT);
        if (ALPHA_2.matcher(trimmed).matches() && ALPHA_2_CODES.contains(upper)) {
            return Optional.of(upper);
        }
        if (ALPHA_3.matcher(trimmed).matches() && ALPHA_2_BY_ALPHA_3.containsKey(upper)) {
            return Optional.of(ALPHA_2_BY_ALPHA_3.get(upper));
        }
        return Optional.ofNullable(ALPHA_2_BY_NAME.get(nameKey(trimmed)));
    }

    /** Every ISO 3166-1 alpha-2 code, sorted. */
    public static Set<String> alpha2Codes() {
        return ALPHA_2_CODES;
    }

    /**
     * Folds the ways one name gets written onto one key: "Côte d’Ivoire" and "cote d'ivoire",
     * "St. Lucia" and "Saint Lucia", "Trinidad & Tobago" and "Trinidad and Tobago", "The Gambia" and "Gambia".
     */
    private static String nameKey(String name) {
        String folded = COMBINING_MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
        folded = DROPPED.matcher(folded.toLowerCase(Locale.ROOT).replace("&", " and ")).replaceAll("");
        String key = " " + SEPARATORS.matcher(folded).replaceAll(" ").strip() + " ";
        key = key.replace(" st ", " saint ");
        return key.startsWith(" the ") ? key.substring(5).strip() : key.strip();
    }
}
