package io.surge.channels.persistence;

/** The named SQL of sales channels. */
final class ChannelSql {
  private ChannelSql() {}

  static final String COLUMNS = "id, code, name, currency_code, active, reservation_ttl_default_seconds,"
      + " reservation_ttl_max_seconds, unpaid_order_ttl_minutes, priority_weight_value, priority_weight_tier,"
      + " priority_weight_promise, priority_weight_speed, created_at, updated_at";

  static final String INSERT = "INSERT INTO channel (code, name, currency_code,"
      + " reservation_ttl_default_seconds, reservation_ttl_max_seconds, unpaid_order_ttl_minutes,"
      + " priority_weight_value, priority_weight_tier, priority_weight_promise, priority_weight_speed)"
      + " VALUES ($1, $2, $3, coalesce($4, 900), coalesce($5, 3600), coalesce($6::int, 60),"
      + " coalesce($7::float8, 1.0), coalesce($8::float8, 1.0), coalesce($9::float8, 6.0),"
      + " coalesce($10::float8, 2.0)) RETURNING " + COLUMNS;  // PriorityWeights.defaults()

  static final String UPDATE = "UPDATE channel SET name = coalesce($2, name),"
      + " currency_code = coalesce($3, currency_code), active = coalesce($4, active),"
      + " reservation_ttl_default_seconds = coalesce($5, reservation_ttl_default_seconds),"
      + " reservation_ttl_max_seconds = coalesce($6, reservation_ttl_max_seconds),"
      + " unpaid_order_ttl_minutes = coalesce($7, unpaid_order_ttl_minutes),"
      + " priority_weight_value = coalesce($8, priority_weight_value),"
      + " priority_weight_tier = coalesce($9, priority_weight_tier),"
      + " priority_weight_promise = coalesce($10, priority_weight_promise),"
      + " priority_weight_speed = coalesce($11, priority_weight_speed),"
      + " updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;

  static final String DELETE_LOCATIONS = "DELETE FROM channel_location WHERE channel_id = $1";

  static final String INSERT_LOCATIONS = "INSERT INTO channel_location (channel_id, location_id, position)"
      + " SELECT $1, location_id, ordinality FROM unnest($2::bigint[]) WITH ORDINALITY AS t(location_id, ordinality)";

  static final String BY_IDS = "SELECT " + COLUMNS + " FROM channel WHERE id = ANY($1)";

  static final String BY_CODE = "SELECT " + COLUMNS + " FROM channel WHERE code = $1";

  static final String PAGE = "SELECT " + COLUMNS + " FROM channel"
      + " WHERE id > $1 AND ($2::bigint IS NULL OR id = $2) ORDER BY id LIMIT $3";

  static final String COUNT = "SELECT count(*) FROM channel WHERE ($1::bigint IS NULL OR id = $1)";
}
