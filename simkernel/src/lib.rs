//! In-memory kernel (work in progress: see issue 5).
