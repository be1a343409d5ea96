-- A number is issued once per thing it numbers: a caller that asks again for the same reference (a task, a
-- certificate) — a retried acceptance with a new message id, an acceptance refused after its first lines were
-- numbered and then accepted again — gets the number it was given, so no number is burnt without a record behind it.
-- An empty reference keeps the old meaning: every call takes a new number.
CREATE UNIQUE INDEX issued_numbers_reference ON issued_numbers (item_id, type_code, target, reference) WHERE reference <> '';
