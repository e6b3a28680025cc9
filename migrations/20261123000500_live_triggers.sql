-- Live notices for the candidate's work in interviewer-led sessions. Solo's code paths (draft
-- autosave, submit, deadline sweeper, starting a question's clock) know nothing of sessions;
-- these triggers announce their changes on the `whetstone_live` channel as
-- '<session id> <what>' inside the same transaction, so the notice goes out exactly when the
-- change commits. Interviews that belong to no session (solo) send nothing.

CREATE FUNCTION whetstone_session_notice() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    session uuid;
BEGIN
    IF TG_TABLE_NAME = 'interview_items' THEN
        SELECT s.id INTO session FROM interview_sessions s
        WHERE s.interview_id = NEW.interview_id;
    ELSE
        SELECT s.id INTO session FROM interview_items i
        JOIN interview_sessions s ON s.interview_id = i.interview_id
        WHERE i.id = NEW.item_id;
    END IF;
    IF session IS NOT NULL THEN
        PERFORM pg_notify('whetstone_live', session::text || ' ' || TG_ARGV[0]);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER drafts_live_notice AFTER INSERT OR UPDATE ON drafts
    FOR EACH ROW EXECUTE FUNCTION whetstone_session_notice('draft');
CREATE TRIGGER answers_live_notice AFTER INSERT ON answers
    FOR EACH ROW EXECUTE FUNCTION whetstone_session_notice('answer');
CREATE TRIGGER interview_items_live_notice AFTER UPDATE OF state, deadline ON interview_items
    FOR EACH ROW EXECUTE FUNCTION whetstone_session_notice('item');
