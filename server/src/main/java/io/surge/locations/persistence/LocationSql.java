package io.surge.locations.persistence;

/** The named SQL of locations. */
final class LocationSql {
  private LocationSql() {}

  static final String COLUMNS = "l.id, l.code, l.name, l.kind, l.address_name, l.address_company,"
      + " l.address_line1, l.address_line2, l.address_city, l.address_region,"
      + " l.address_postal_code, l.address_country_code, l.address_phone, l.latitude, l.longitude,"
      + " l.ships, l.pickup, l.active, l.daily_capacity, l.cutoff_time, l.time_zone, l.shipping_cost_minor,"
      + " l.created_at, l.updated_at";

  static final String INSERT = "INSERT INTO location AS l (code, name, kind, address_name,"
      + " address_company, address_line1, address_line2, address_city, address_region,"
      + " address_postal_code, address_country_code, address_phone, latitude, longitude, ships, pickup,"
      + " daily_capacity, cutoff_time, time_zone, shipping_cost_minor)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
      + " $17, $18, coalesce($19, 'UTC'), coalesce($20::bigint, 0))"
      + " RETURNING " + COLUMNS;

  /**
   * $5 says whether the address is replaced (all address columns at once) or kept; $20 and $22
   * whether the daily capacity and the cut-off are removed.
   */
  static final String UPDATE = "UPDATE location AS l SET name = coalesce($2, name),"
      + " kind = coalesce($3, kind),"
      + " latitude = CASE WHEN $4 THEN $18 ELSE latitude END,"
      + " longitude = CASE WHEN $4 THEN $19 ELSE longitude END,"
      + " address_name = CASE WHEN $5 THEN $6 ELSE address_name END,"
      + " address_company = CASE WHEN $5 THEN $7 ELSE address_company END,"
      + " address_line1 = CASE WHEN $5 THEN $8 ELSE address_line1 END,"
      + " address_line2 = CASE WHEN $5 THEN $9 ELSE address_line2 END,"
      + " address_city = CASE WHEN $5 THEN $10 ELSE address_city END,"
      + " address_region = CASE WHEN $5 THEN $11 ELSE address_region END,"
      + " address_postal_code = CASE WHEN $5 THEN $12 ELSE address_postal_code END,"
      + " address_country_code = CASE WHEN $5 THEN $13 ELSE address_country_code END,"
      + " address_phone = CASE WHEN $5 THEN $14 ELSE address_phone END,"
      + " ships = coalesce($15, ships), pickup = coalesce($16, pickup),"
      + " active = coalesce($17, active),"
      + " daily_capacity = CASE WHEN $20 THEN NULL ELSE coalesce($21, daily_capacity) END,"
      + " cutoff_time = CASE WHEN $22 THEN NULL ELSE coalesce($23, cutoff_time) END,"
      + " time_zone = coalesce($24, time_zone),"
      + " shipping_cost_minor = coalesce($25, shipping_cost_minor), updated_at = now()"
      + " WHERE id = $1 RETURNING " + COLUMNS;

  static final String BY_IDS = "SELECT " + COLUMNS + " FROM location l WHERE l.id = ANY($1)";

  static final String BY_CODE = "SELECT " + COLUMNS + " FROM location l WHERE l.code = $1";

  static final String BY_CHANNELS = "SELECT cl.channel_id, " + COLUMNS
      + " FROM channel_location cl JOIN location l ON l.id = cl.location_id"
      + " WHERE cl.channel_id = ANY($1) ORDER BY cl.channel_id, cl.position";

  static final String PAGE = "SELECT " + COLUMNS + " FROM location l WHERE l.id > $1 ORDER BY l.id LIMIT $2";

  static final String COUNT = "SELECT count(*) FROM location";
}
