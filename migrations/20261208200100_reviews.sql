-- Reviews of missed concepts (issue 16): one FSRS card per user, question and rubric criterion,
-- the raw log of every review event (so schedules can be recomputed when parameters change),
-- and each user's desired retention.

CREATE TABLE review_settings (
    user_id           uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    desired_retention real        NOT NULL CHECK (desired_retention BETWEEN 0.75::real AND 0.97::real),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE review_cards (
    id             uuid        PRIMARY KEY,
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- a bank question (checked when the card is made; like answers.question_id, no foreign
    -- key: questions are retired, never deleted, and the bank is reloaded wholesale)
    question_id    text        NOT NULL,
    criterion_id   text        NOT NULL,
    -- the criterion's label when the card was last judged (the due page lists it without
    -- reading rubrics)
    label          text        NOT NULL,
    -- FSRS memory; NULL before the first event
    stability      real,
    difficulty     real,
    reps           integer     NOT NULL DEFAULT 0,
    lapses         integer     NOT NULL DEFAULT 0,
    last_rating    smallint    CHECK (last_rating BETWEEN 1 AND 4),
    last_event_at  timestamptz,
    -- the last answer on the review page
    last_shown_at  timestamptz,
    -- a review opened (its clock started) and not answered yet
    opened_at      timestamptz,
    due_at         timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, question_id, criterion_id)
);

-- the due page and the due count: a user's cards by due time
CREATE INDEX review_cards_user_due ON review_cards (user_id, due_at);

CREATE TABLE review_log (
    id            bigserial   PRIMARY KEY,
    card_id       uuid        NOT NULL REFERENCES review_cards (id) ON DELETE CASCADE,
    reviewed_at   timestamptz NOT NULL,
    rating        smallint    NOT NULL CHECK (rating BETWEEN 1 AND 4),
    verdict       text        NOT NULL CHECK (verdict IN ('met', 'partial', 'missed', 'contradicted')),
    -- days since the card's previous event
    elapsed_days  real        NOT NULL,
    source        text        NOT NULL CHECK (source IN ('solo', 'review')),
    -- the solo answer judged (source solo)
    answer_id     uuid        REFERENCES answers (id) ON DELETE SET NULL,
    -- a review's answer, its one-criterion judgment and the seconds it took (source review)
    body          text,
    judgment      jsonb,
    seconds       integer,
    -- the schedule this event gave (recomputed by `whetstone reviews recompute`)
    due_after     timestamptz NOT NULL
);

CREATE INDEX review_log_card ON review_log (card_id, reviewed_at);
