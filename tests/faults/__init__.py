"""Fault injection: the real server, dispatcher and sweep as processes, killed with SIGKILL at random points."""
