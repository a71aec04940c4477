"""Write the benchmark response bodies: a ResendConfirmationCode answer and ListUsers pages."""
import json, sys
out = sys.argv[1]
json.dump({"CodeDeliveryDetails": {"Destination": "j***@e***.com", "DeliveryMedium": "EMAIL",
                                   "AttributeName": "email"}}, open(f"{out}/resend.json", "w"))
def users(n):
    return {"Users": [{"Username": f"user{i}", "Attributes": [
        {"Name": "sub", "Value": f"0000-{i}"}, {"Name": "email", "Value": f"u{i}@example.com"},
        {"Name": "email_verified", "Value": "true"}, {"Name": "name", "Value": f"User {i}"}],
        "UserCreateDate": 1700000000.5 + i, "UserLastModifiedDate": 1700000100.25 + i,
        "Enabled": True, "UserStatus": "CONFIRMED"} for i in range(n)], "PaginationToken": "tok"}
json.dump(users(60), open(f"{out}/users60.json", "w"))
json.dump(users(10000), open(f"{out}/users10000.json", "w"))
