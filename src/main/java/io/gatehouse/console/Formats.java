package io.gatehouse.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Times in the console, always in UTC: {@code #{fmt.at(instant, 'yyyy-MM-dd HH:mm')}}. */
@Named("fmt")
@ApplicationScoped
public class Formats {
    private final Map<String, DateTimeFormatter> formatters = new ConcurrentHashMap<>();

    public String at(Instant instant, String pattern) {
        if (instant == null) {
            return "";
        }
        return formatters.computeIfAbsent(pattern, p -> DateTimeFormatter.ofPattern(p).withZone(ZoneOffset.UTC)).format(instant);
    }
}
