from django.dispatch import Signal

# The owner of an address confirmed an account they may not have made (by a password reset
# link, the first confirmation the account had): whoever made it may have left drafts in it,
# which the enrollment app deletes. Sent with `user`.
account_taken_back = Signal()
