-- The reservation journal writes every reservation of a batch and its lines in one function call
-- (V003), so the rows cannot disagree with each other, and the channel was checked by the code
-- before the hot store gave out units. The two foreign keys cost a lookup and a row lock per row
-- on the hottest write Surge has: the one on channel locks the same channel row FOR KEY SHARE for
-- every reservation of a storm, the one on reservation_line looks up the reservation just inserted.
-- Measured on one hot SKU (64 connections): PostgreSQL CPU per reservation 27.8 -> 21.4 µs
-- (docs/PERFORMANCE.md §3b). The same rule as for orders (V004): no foreign keys from rows written
-- many to a transaction to long-lived rows.
ALTER TABLE reservation DROP CONSTRAINT reservation_channel_id_fkey;
ALTER TABLE reservation_line DROP CONSTRAINT reservation_line_reservation_id_fkey;
