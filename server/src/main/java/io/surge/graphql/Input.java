package io.surge.graphql;

import graphql.schema.DataFetchingEnvironment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a mutation's {@code input} argument (graphql-java has already checked it against
 * the SDL, so types are right; this only spares casts). Absent and null fields read as null.
 */
public final class Input {
  private final Map<String, Object> values;

  public Input(Map<String, Object> values) {
    this.values = values == null ? Map.of() : values;
  }

  public static Input of(DataFetchingEnvironment env) {
    return new Input(env.getArgument("input"));
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String string(String name) {
    return (String) values.get(name);
  }

  public Integer integer(String name) {
    return (Integer) values.get(name);
  }

  public Double decimal(String name) {
    Object value = values.get(name);
    return value == null ? null : ((Number) value).doubleValue();
  }

  /** A {@code Decimal} field, exact (the scalar parses to {@link BigDecimal}); null when absent. */
  public BigDecimal amount(String name) {
    return (BigDecimal) values.get(name);
  }

  public Boolean bool(String name) {
    return (Boolean) values.get(name);
  }

  @SuppressWarnings("unchecked")
  public Input object(String name) {
    Object value = values.get(name);
    return value == null ? null : new Input((Map<String, Object>) value);
  }

  @SuppressWarnings("unchecked")
  public List<Input> objects(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    List<Input> list = new ArrayList<>();
    for (Object element : (List<Object>) value) {
      list.add(new Input((Map<String, Object>) element));
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  public <T> List<T> list(String name) {
    return (List<T>) values.get(name);
  }

  /** A global ID field of the given type, decoded; null when absent. */
  public Long id(String name, String type) {
    String value = string(name);
    return value == null ? null : GlobalId.decode(value, type);
  }

  /** A list of global IDs of one type, decoded; null when absent. */
  public List<Long> ids(String name, String type) {
    List<String> raw = list(name);
    if (raw == null) {
      return null;
    }
    List<Long> ids = new ArrayList<>(raw.size());
    raw.forEach(id -> ids.add(GlobalId.decode(id, type)));
    return ids;
  }

  public Map<String, Object> raw() {
    return values;
  }
}
