package io.pharos.workflow;

import io.pharos.error.ApiException;
import java.security.SecureRandom;
import java.util.List;

/**
 * Run names as Nextflow accepts them for {@code -name}, and random ones in Nextflow's style
 * (an adjective and a scientist's surname: {@code brave_meitner}). The word lists are Pharos's own.
 */
public final class RunNames {
    /** Nextflow's limit, which is also the size of workflows.run_name. */
    public static final int MAX_LENGTH = 80;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final List<String> ADJECTIVES = List.of(
            "agile", "amber", "ancient", "ardent", "astute", "bold", "bright", "brisk", "calm", "candid",
            "careful", "cheerful", "clever", "cosmic", "crisp", "curious", "daring", "deft", "devoted", "diligent",
            "eager", "earnest", "elated", "electric", "elegant", "fearless", "fervent", "festive", "fluent", "frank",
            "gallant", "gentle", "gleaming", "golden", "gracious", "hardy", "hearty", "humble", "idle", "jolly",
            "jovial", "keen", "kind", "lively", "lucid", "lucky", "lunar", "mellow", "merry", "mighty",
            "modest", "nimble", "noble", "patient", "placid", "plucky", "polite", "proud", "quiet", "radiant",
            "rapid", "resolute", "robust", "rustic", "serene", "sharp", "shiny", "silent", "sincere", "snappy",
            "solar", "spirited", "steady", "stellar", "sturdy", "sunny", "swift", "tender", "thrifty", "tidy",
            "tranquil", "trusty", "upbeat", "valiant", "vivid", "warm", "wily", "witty", "zealous", "zesty");

    private static final List<String> SCIENTISTS = List.of(
            "agnesi", "alhazen", "ampere", "anning", "archimedes", "avogadro", "banneker", "bardeen", "bassi",
            "bohr", "boltzmann", "brahe", "burnell", "cajal", "cannon", "carson", "cavendish", "chandrasekhar",
            "curie", "dalton", "darwin", "dirac", "doudna", "einstein", "euler", "faraday", "fermi", "feynman",
            "franklin", "galileo", "galois", "gauss", "germain", "goodall", "haldane", "hamilton", "herschel",
            "hertz", "hodgkin", "hopper", "hubble", "huygens", "hypatia", "jackson", "johnson", "joule", "kelvin",
            "kepler", "khayyam", "kovalevskaya", "lamarr", "laplace", "leavitt", "leibniz", "lovelace", "lyell",
            "margulis", "maxwell", "mcclintock", "meitner", "mendel", "mirzakhani", "noether", "ochoa", "ohm",
            "pascal", "pasteur", "pauling", "planck", "ramanujan", "raman", "rubin", "rutherford", "sagan",
            "salk", "sanger", "shannon", "snell", "somerville", "tesla", "tu", "turing", "volta", "wallace",
            "watt", "wegener", "wu", "yalow", "yonath");

    private RunNames() {
    }

    /** A random name such as {@code steady_noether}. */
    public static String random() {
        return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_" + SCIENTISTS.get(RANDOM.nextInt(SCIENTISTS.size()));
    }

    /**
     * Whether Nextflow takes this as a run name: 1 to 80 ASCII letters, digits, '-' and '_',
     * starting with a letter, never two separators in a row nor one at the end, and not
     * {@code last} (which names the previous run in Nextflow's commands).
     */
    public static boolean valid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || name.equals("last")) {
            return false;
        }
        boolean afterSeparator = true; // so the first character must be a letter
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            boolean digit = c >= '0' && c <= '9';
            if (i == 0 && !letter) {
                return false;
            }
            if (c == '-' || c == '_') {
                if (afterSeparator) {
                    return false;
                }
                afterSeparator = true;
            } else if (letter || digit) {
                afterSeparator = false;
            } else {
                return false;
            }
        }
        return !afterSeparator;
    }

    /** The name, or a 400 naming {@code field} and the rule. */
    public static String check(String field, String name) {
        if (!valid(name)) {
            throw ApiException.badRequest("Invalid value for '" + field + "': '" + name + "' is not a run name Nextflow"
                    + " accepts: use up to " + MAX_LENGTH + " letters, digits, '-' and '_', starting with a letter,"
                    + " ending with a letter or digit, no two '-'/'_' in a row (and not 'last')");
        }
        return name;
    }
}
