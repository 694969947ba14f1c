from ninja import NinjaAPI

api = NinjaAPI(title="Territoires d'industrie", version="1")
