package io.tracegate.policy.detect;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates the digits of a phone-number candidate with libphonenumber's metadata, without
 * its parser: the {@link PhoneNumber} is built from the digits, then checked with
 * {@link PhoneNumberUtil#isPossibleNumber} (lengths, cheap) and
 * {@link PhoneNumberUtil#isValidNumberForRegion} (the metadata's patterns, over at most 17
 * digits). Thread-safe.
 */
final class PhoneNumberCheck {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** National (trunk) prefix per region, "" where there is none. */
    private static final Map<String, String> TRUNK_PREFIXES = trunkPrefixes();
    private static final Map<String, Integer> COUNTRY_CODES = countryCodes();

    private static Map<String, String> trunkPrefixes() {
        Map<String, String> map = new HashMap<>();
        for (String region : UTIL.getSupportedRegions()) {
            String trunk = UTIL.getNddPrefixForRegion(region, true);
            map.put(region, trunk == null ? "" : trunk);
        }
        return Map.copyOf(map);
    }

    private static Map<String, Integer> countryCodes() {
        Map<String, Integer> map = new HashMap<>();
        for (String region : UTIL.getSupportedRegions()) {
            map.put(region, UTIL.getCountryCodeForRegion(region));
        }
        return Map.copyOf(map);
    }

    private final List<String> regions;

    PhoneNumberCheck(List<String> regions) {
        this.regions = List.copyOf(regions);
    }

    /** Validates nationally written digits as a number of any of the regions. */
    boolean validNational(String national) {
        if (national.startsWith("00")) {
            return validInternational(national.substring(2)); // international prefix written out
        }
        for (String region : regions) {
            if (validIn(national, region)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Validates the digits after {@code +}: a country code (country codes are prefix-free, so
     * the first one to name a country is it) and a national number. A trunk prefix written
     * after the country code, as in {@code +44 (0)20 ...}, is dropped. NANP numbers are
     * checked against the US and Canada only: checking all 25 NANP countries costs more than
     * the rest of a scan.
     */
    static boolean validInternational(String digits) {
        for (int len = 1; len <= 3 && len < digits.length(); len++) {
            int countryCode = Integer.parseInt(digits.substring(0, len));
            String region = UTIL.getRegionCodeForCountryCode(countryCode);
            if (PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region) || "ZZ".equals(region)) {
                continue;
            }
            String national = digits.substring(len);
            String trunk = TRUNK_PREFIXES.getOrDefault(region, "");
            if (countryCode != 1 && !trunk.isEmpty() && national.startsWith(trunk)) {
                national = national.substring(trunk.length());
            }
            PhoneNumber number = number(countryCode, national);
            if (number == null || !UTIL.isPossibleNumber(number)) {
                return false;
            }
            if (countryCode == 1) {
                return UTIL.isValidNumberForRegion(number, "US") || UTIL.isValidNumberForRegion(number, "CA");
            }
            return UTIL.isValidNumber(number);
        }
        return false;
    }

    private static PhoneNumber number(int countryCode, String national) {
        if (national.isEmpty() || national.length() > 17) {
            return null;
        }
        PhoneNumber number = new PhoneNumber().setCountryCode(countryCode).setNationalNumber(Long.parseLong(national));
        int zeros = 0;
        while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
            zeros++;
        }
        if (zeros > 0) {
            number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
        }
        return number;
    }

    /**
     * Validates the digits of a nationally written number as a number of {@code region},
     * building the {@link PhoneNumber} directly instead of calling {@code parse}: parsing
     * costs a dozen regular expressions per call, and this runs for every phone-shaped
     * stretch of a trace, for every region.
     *
     * <p>Where a country writes national numbers with a trunk prefix (0 in most of Europe,
     * India, Australia, Japan), a number written without it is not one of its numbers:
     * libphonenumber would otherwise accept almost any digit string for countries with
     * variable-length plans. NANP numbers are written without their trunk prefix 1 (or with
     * it); Italy has none and keeps its leading zero.
     */
    private static boolean validIn(String digits, String region) {
        int countryCode = COUNTRY_CODES.get(region);
        String trunk = TRUNK_PREFIXES.get(region);
        String national = digits;
        if (countryCode == 1) {
            if (national.length() == 11 && national.charAt(0) == '1') {
                national = national.substring(1);
            }
        } else if (!trunk.isEmpty()) {
            if (!national.startsWith(trunk)) {
                return false;
            }
            national = national.substring(trunk.length());
        }
        PhoneNumber number = number(countryCode, national);
        return number != null && UTIL.isPossibleNumber(number) && UTIL.isValidNumberForRegion(number, region);
    }

}
