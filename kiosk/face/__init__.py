"""On-device face verification (人证核验): the live face against the ID card photo, offline.

``models`` loads dlib's detector, 68-point landmarks and ResNet embedding off the calling
thread; ``engine`` detects, embeds and compares; ``liveness`` decides a blink challenge from
landmarks over frames; ``check`` runs one attempt on a camera and keeps nothing after ``wipe``.
No frame, crop or embedding is ever written, logged or sent: decisions carry only the
decision, the distance, the model's name and version and the attempt count.
"""
