-- An application's migrations that know nothing of the library.
CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);
