-- A reservation batch holds a lock keyed by its node for the length of its transaction. When the
-- journal loses a batch's answer (the connection broke while the batch or its COMMIT was out),
-- PostgreSQL may still be running that transaction, unaware its client is gone. Before reading
-- whether the batch's reservations are stored, the journal takes the same lock, so it reads only
-- once that transaction has ended one way or the other (ReservationJournal: in-doubt batches).
-- Keyed per node: the journals of different nodes never wait for each other.
CREATE FUNCTION surge_write_reservation_batch_locked(
  p_ids bigint[], p_channels bigint[], p_customers text[], p_expires timestamptz[], p_node text,
  p_owners bigint[], p_keys text[],
  p_line_reservations bigint[], p_line_numbers int[], p_line_variants bigint[],
  p_line_locations bigint[], p_line_quantities int[],
  p_end_ids bigint[], p_end_statuses text[],
  p_extend_ids bigint[], p_extend_expiries timestamptz[])
RETURNS TABLE (outcome text, reservation_id bigint, variant_id bigint, location_id bigint,
               quantity int, customer_ref text)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('surge-journal:' || p_node, 0));
  RETURN QUERY SELECT * FROM surge_write_reservation_batch(p_ids, p_channels, p_customers, p_expires, p_node,
    p_owners, p_keys, p_line_reservations, p_line_numbers, p_line_variants, p_line_locations,
    p_line_quantities, p_end_ids, p_end_statuses, p_extend_ids, p_extend_expiries);
END
$$;
