// Feedback: synthetic world, annotators, preference data (issue 5).
