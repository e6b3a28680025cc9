//! The question bank in PostgreSQL: importing questions, reference answers and rubrics.
