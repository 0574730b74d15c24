from rest_framework import serializers

from ..models import Membership, Organization, User


class OrganizationOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = [
            "slug",
            "kind",
            "name_ja",
            "name_en",
            "prefecture",
            "size_band",
            "jsic_industry",
            "website",
            "description",
            "is_verified",
        ]
        read_only_fields = fields


class MembershipOutputSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    display_name = serializers.CharField(source="user.display_name")

    class Meta:
        model = Membership
        fields = ["id", "email", "display_name", "role", "status", "created_at"]
        read_only_fields = fields


class MeMembershipSerializer(serializers.ModelSerializer):
    organization = OrganizationOutputSerializer()

    class Meta:
        model = Membership
        fields = ["organization", "role", "status"]


class MeOutputSerializer(serializers.ModelSerializer):
    memberships = MeMembershipSerializer(many=True)
    is_platform_admin = serializers.BooleanField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "display_name",
            "preferred_language",
            "is_platform_admin",
            "memberships",
        ]


class TokenInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(
        style={"input_type": "password"}, trim_whitespace=False
    )


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField()
