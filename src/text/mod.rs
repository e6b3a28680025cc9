//! Text utilities shared by the corpus importer and the grader.
