-- Accounts and login-token revocation (see src/auth/token.rs for the design).

CREATE TABLE users (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Stored exactly as typed; uniqueness ignores case (indexes below).
    username       text        NOT NULL CHECK (char_length(username) BETWEEN 3 AND 32),
    email          text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    password_hash  text        NOT NULL,
    -- Bumped by "log out everywhere": tokens carrying an older version are refused.
    token_version  integer     NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

-- Single-token logouts. A row is only needed until the token would have expired anyway.
CREATE TABLE revoked_tokens (
    jti         uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);

CREATE INDEX revoked_tokens_expires_at_idx ON revoked_tokens (expires_at);
