"""Evidence that can't be faked on paper (issue 16): what each photo carries, and what looks wrong about it.

At upload each photo's EXIF capture time, GPS position and device, its perceptual hashes (pHash, dHash),
pixel size and content hash are stored beside the evidence row (``models.py``, read by ``reading.py``);
the original file is never touched. ``flags.py`` then compares the photo with the ticket, the village's
coordinates and every earlier photo (``index.py``: a banded pHash index, so 100,000 stored photos cost
milliseconds) and stores what it finds. Flags never refuse an upload; verifying over one needs a
one-line justification (``states/ticket.py``: flags_are_justified), recorded in the event.
"""
