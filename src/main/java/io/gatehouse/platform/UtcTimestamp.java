package io.gatehouse.platform;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Stores instants as UTC wall-clock timestamps, so every node reads the same time whatever its
 * time zone (MariaDB has no timestamp-with-time-zone type to do this for us).
 */
@Converter(autoApply = true)
public class UtcTimestamp implements AttributeConverter<Instant, LocalDateTime> {
    /** The instant as a native-SQL parameter, stored exactly as the converter stores it. */
    public static java.sql.Timestamp sql(Instant instant) {
        return instant == null ? null : java.sql.Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    @Override
    public LocalDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public Instant convertToEntityAttribute(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
