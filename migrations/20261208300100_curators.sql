-- The curator role (issue 17): curators edit rubrics and answer appeals and question flags.
-- Granted with `whetstone users grant-curator NAME`; the first account created on a fresh
-- install gets it automatically (db::users::create), so a self-hoster can curate at once.
ALTER TABLE users ADD COLUMN curator boolean NOT NULL DEFAULT false;
