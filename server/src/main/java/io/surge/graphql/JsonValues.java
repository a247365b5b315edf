package io.surge.graphql;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Converts Vert.x JSON containers inside request variables to plain maps and lists for graphql-java. */
final class JsonValues {
  private JsonValues() {}

  static Map<String, Object> toJava(Map<String, Object> map) {
    Map<String, Object> copy = new HashMap<>(map.size());
    map.forEach((key, value) -> copy.put(key, convert(value)));
    return copy;
  }

  private static Object convert(Object value) {
    if (value instanceof JsonObject object) {
      return toJava(object.getMap());
    }
    if (value instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) map;
      return toJava(typed);
    }
    if (value instanceof JsonArray array) {
      return convertList(array.getList());
    }
    if (value instanceof List<?> list) {
      return convertList(list);
    }
    return value;
  }

  private static List<Object> convertList(List<?> list) {
    List<Object> copy = new ArrayList<>(list.size());
    list.forEach(element -> copy.add(convert(element)));
    return copy;
  }
}
