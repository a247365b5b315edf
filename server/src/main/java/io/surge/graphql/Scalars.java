package io.surge.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The custom scalars of {@code schema.graphqls}: DateTime, Decimal, CurrencyCode, CountryCode. */
public final class Scalars {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  private Scalars() {}

  static final int MAX_DECIMAL_SCALE = 12;
  static final int MAX_DECIMAL_INTEGER_DIGITS = 18;

  /** A DateTime as the schema writes it (ISO-8601 in UTC), for answers rendered without graphql-java. */
  public static String formatDateTime(Instant instant) {
    return ISO.format(instant);
  }

  public static final GraphQLScalarType DATE_TIME = scalar("DateTime",
      value -> {
        if (value instanceof Instant instant) {
          return ISO.format(instant);
        }
        if (value instanceof OffsetDateTime odt) {
          return ISO.format(odt.toInstant());
        }
        throw new CoercingSerializeException("not a date-time");
      },
      text -> {
        try {
          return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("DateTime must be ISO-8601 with an offset, e.g. 2026-01-31T12:00:00Z");
        }
      });

  public static final GraphQLScalarType DECIMAL = scalar("Decimal",
      value -> ((BigDecimal) value).toPlainString(),
      text -> {
        if (text.length() > 40) {
          throw new IllegalArgumentException("Decimal is too long");
        }
        BigDecimal value;
        try {
          value = new BigDecimal(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("Decimal must be a number as a string, e.g. \"19.99\"");
        }
        // "1e9999999" is 9 characters and a ten-million-digit number: arithmetic or toPlainString()
        // on it held an event loop for seconds (found by HostileInputTests). Money and rates fit
        // in 18 integer digits and 12 decimals.
        if (value.scale() > MAX_DECIMAL_SCALE || value.precision() - value.scale() > MAX_DECIMAL_INTEGER_DIGITS) {
          throw new IllegalArgumentException("Decimal must have at most " + MAX_DECIMAL_INTEGER_DIGITS
              + " digits before the point and " + MAX_DECIMAL_SCALE + " after it");
        }
        return value;
      });

  public static final GraphQLScalarType CURRENCY_CODE = scalar("CurrencyCode",
      Object::toString,
      text -> {
        try {
          if (text.length() != 3) {
            throw new IllegalArgumentException();
          }
          return Currency.getInstance(text).getCurrencyCode();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("CurrencyCode must be an ISO-4217 code such as EUR");
        }
      });

  public static final GraphQLScalarType COUNTRY_CODE = scalar("CountryCode",
      Object::toString,
      text -> {
        if (!COUNTRY.matcher(text).matches() || !COUNTRIES.contains(text)) {
          throw new IllegalArgumentException("CountryCode must be an ISO-3166 alpha-2 code such as DE");
        }
        return text;
      });

  /** A scalar read from and written as a string; {@code parse} throws IllegalArgumentException with a client-safe message. */
  private static GraphQLScalarType scalar(String name, Function<Object, String> serialize,
      Function<String, Object> parse) {
    return GraphQLScalarType.newScalar()
        .name(name)
        .coercing(new Coercing<Object, String>() {
          @Override
          public String serialize(Object value, GraphQLContext context, Locale locale) {
            try {
              return serialize.apply(value);
            } catch (ClassCastException e) {
              throw new CoercingSerializeException("not a " + name);
            }
          }

          @Override
          public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            if (!(input instanceof String text)) {
              throw new CoercingParseValueException(name + " must be a string");
            }
            try {
              return parse.apply(text);
            } catch (IllegalArgumentException e) {
              throw new CoercingParseValueException(e.getMessage());
            }
          }

          @Override
          public Object parseLiteral(Value<?> input, CoercedVariables variables,
              GraphQLContext context, Locale locale) {
            if (!(input instanceof StringValue text)) {
              throw new CoercingParseLiteralException(name + " must be a string");
            }
            try {
              return parse.apply(text.getValue());
            } catch (IllegalArgumentException e) {
              throw new CoercingParseLiteralException(e.getMessage());
            }
          }

          @Override
          public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return StringValue.newStringValue(serialize.apply(input)).build();
          }
        })
        .build();
  }

}
