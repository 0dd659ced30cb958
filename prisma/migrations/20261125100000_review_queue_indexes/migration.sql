-- The review queue reads learning, due review and new cards by state and due date.
CREATE INDEX "card_states_state_due_idx" ON "card_states"("state", "due");

-- New cards are shown in note order (creation, then position in the note).
CREATE INDEX "cards_created_at_position_id_idx" ON "cards"("created_at", "position", "id");
