CREATE TABLE notes (
    id uuid PRIMARY KEY,
    body text NOT NULL,
    version integer NOT NULL,
    deleted_at timestamptz
);
