CREATE TABLE items (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    version integer NOT NULL
);
