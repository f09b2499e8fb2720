package com.example.hello.support;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Values read from {@code /metrics} in Prometheus text format, e.g. {@code name{a="x",b="y",} 3.0}. */
public final class PrometheusText {
    private static final Pattern LINE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

    private PrometheusText() {
    }

    /**
     * @param text   the body of {@code /metrics}
     * @param metric the metric's name, e.g. {@code auth_outcomes_total}
     * @param labels label name/value pairs the line must have (others may be there too)
     * @return the value of the first matching line, 0 when there is none (a counter not created yet)
     */
    public static double value(String text, String metric, String... labels) {
        Matcher line = LINE.matcher(text);
        while (line.find()) {
            if (line.group(1).equals(metric) && hasLabels(labels(line.group(2)), labels)) {
                return Double.parseDouble(line.group(3));
            }
        }
        return 0.0;
    }

    /**
     * @param text   the body of {@code /metrics}
     * @param metric the metric's name
     * @param label  the label that tells the lines apart
     * @return the value of each line of the metric, by the value of that label
     */
    public static Map<String, Double> byLabel(String text, String metric, String label) {
        Map<String, Double> values = new TreeMap<>();
        Matcher line = LINE.matcher(text);
        while (line.find()) {
            String key = labels(line.group(2)).get(label);
            if (line.group(1).equals(metric) && key != null) {
                values.put(key, Double.parseDouble(line.group(3)));
            }
        }
        return values;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        Matcher label = LABEL.matcher(text);
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        return labels;
    }

    private static boolean hasLabels(Map<String, String> labels, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
