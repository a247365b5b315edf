package io.surge.common;

import java.util.Map;

/** A postal address, as locations, customers and orders hold it. */
public record Address(String name, String company, String line1, String line2, String city,
    String region, String postalCode, String countryCode, String phone) {

  /** From a GraphQL {@code AddressInput} argument map. */
  public static Address fromInput(Map<String, Object> input) {
    return new Address(
        (String) input.get("name"),
        (String) input.get("company"),
        (String) input.get("line1"),
        (String) input.get("line2"),
        (String) input.get("city"),
        (String) input.get("region"),
        (String) input.get("postalCode"),
        (String) input.get("countryCode"),
        (String) input.get("phone"));
  }

  /** Checks lengths and required parts; the country code is checked by its scalar. */
  public void validate(Validation validation, String... path) {
    validation.optionalText(name, 200, Validation.at(path, "name"))
        .optionalText(company, 200, Validation.at(path, "company"))
        .text(line1, 200, Validation.at(path, "line1"))
        .optionalText(line2, 200, Validation.at(path, "line2"))
        .text(city, 100, Validation.at(path, "city"))
        .optionalText(region, 100, Validation.at(path, "region"))
        .optionalText(postalCode, 20, Validation.at(path, "postalCode"))
        .optionalText(phone, 40, Validation.at(path, "phone"));
  }
}
